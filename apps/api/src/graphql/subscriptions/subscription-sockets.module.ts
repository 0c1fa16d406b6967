import { Module } from '@nestjs/common';
import { AuthModule } from '../../auth/auth.module';
import { SubscriptionSocketsService } from './subscription-sockets.service';

@Module({
  imports: [AuthModule],
  providers: [SubscriptionSocketsService],
  exports: [SubscriptionSocketsService],
})
export class SubscriptionSocketsModule {}
