import { Module } from '@nestjs/common';
import { SubscriptionResolver } from './subscription.resolver';
import { SubscriptionService } from './subscription.service';

@Module({ providers: [SubscriptionService, SubscriptionResolver] })
export class SubscriptionsModule {}
