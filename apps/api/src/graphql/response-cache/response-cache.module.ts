import { Module } from '@nestjs/common';
import { AuthModule } from '../../auth/auth.module';
import { GraphqlResponseCacheService } from './graphql-response-cache.service';

@Module({
  imports: [AuthModule],
  providers: [GraphqlResponseCacheService],
  exports: [GraphqlResponseCacheService],
})
export class ResponseCacheModule {}
